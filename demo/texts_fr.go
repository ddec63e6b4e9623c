package demo

// frText holds the French phrases. Reports are written the way residents
// write them: short, concrete, sometimes a little impatient; staff notes are
// polite and brief.
var frText = langText{
	cats: map[string]catText{
		"pothole": {
			titles: []string{
				"Nid-de-poule {street}",
				"Nid-de-poule dangereux {street} {nr}",
				"Trou{where} {street}",
				"Gros nid-de-poule {landmark}",
				"Nid-de-poule {corner}",
			},
			what: []string{
				"Il y a un nid-de-poule assez profond{where} {at}, à hauteur du n° {nr}.",
				"Un trou s'est formé{where} {landmark} et il s'agrandit à chaque averse.",
				"{At}, un nid-de-poule{where} oblige tout le monde à faire un écart.",
				"{Corner}, il y a un nid-de-poule{where} qu'on ne voit plus quand il est rempli d'eau.",
				"Le revêtement a cédé{where} {at} : le trou fait bien dix centimètres de profondeur.",
			},
			more: []string{
				"Les cyclistes doivent se déporter au milieu de la chaussée pour l'éviter.",
				"Plusieurs voitures ont déjà tapé dedans.",
				"La nuit, on ne le voit pas du tout.",
				"Il est là {since} et il ne fait que s'agrandir.",
			},
			variants: map[string]catText{
				"sidewalk": {more: []string{
					"Les piétons risquent de s'y tordre la cheville.",
					"Avec une poussette, il faut descendre sur la chaussée pour l'éviter.",
					"Une dame âgée a failli tomber hier.",
				}},
				"bike_lane": {more: []string{
					"À vélo, on ne le voit qu'au dernier moment.",
					"Un cycliste a failli chuter devant moi ce matin.",
					"Il faut se rabattre sur la chaussée pour l'éviter, ce qui est dangereux.",
				}},
			},
		},
		"road_surface": {
			titles: []string{
				"Revêtement très abîmé {street}",
				"Asphalte fissuré {street}",
				"Pavés déchaussés {street} {nr}",
				"Ornières {at}",
				"Revêtement dégradé {landmark}",
			},
			what: []string{
				"Le revêtement{whereOf} est fissuré sur plusieurs mètres {at}.",
				"{At}, les pavés{whereOf} bougent et plusieurs sont déjà sortis de leur logement.",
				"L'asphalte{whereOf} s'effrite {landmark} et il y a des gravillons partout.",
				"Des ornières profondes se sont formées{where} {corner}.",
				"Depuis les travaux de l'an dernier, la tranchée{whereOf} s'est affaissée {at}.",
			},
			more: []string{
				"Quand il pleut, l'eau stagne dans les creux.",
				"Le bruit des voitures qui passent dessus est devenu pénible pour les riverains.",
				"Ça se dégrade de semaine en semaine.",
				"Les deux-roues doivent vraiment faire attention.",
			},
		},
		"sidewalk": {
			titles: []string{
				"Trottoir défoncé {street}",
				"Dalles soulevées {street} {nr}",
				"Trottoir dangereux {landmark}",
				"Pavés manquants sur le trottoir {street}",
				"Risque de chute sur le trottoir {street}",
			},
			what: []string{
				"Plusieurs dalles du trottoir sont soulevées {at}, à hauteur du n° {nr}.",
				"Les racines d'un arbre ont soulevé le trottoir {landmark}.",
				"{Corner}, il manque des pavés sur le trottoir et le trou est profond.",
				"{At}, le trottoir s'est affaissé sur quelques mètres.",
				"Une bordure est cassée et des morceaux traînent sur le trottoir {at}.",
			},
			more: []string{
				"Ce n'est pas urgent, mais ça se dégrade.",
				"Il faudrait le remettre à niveau avant que quelqu'un ne tombe.",
				"On peut encore passer en faisant attention.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Quelqu'un a déjà trébuché, c'est vraiment dangereux le soir.",
					"Les personnes âgées du quartier marchent sur la chaussée pour l'éviter.",
					"Avec une poussette ou un fauteuil roulant, c'est impossible à franchir.",
				}},
			},
		},
		"streetlight_out": {
			titles: []string{
				"Lampadaire éteint {street} {nr}",
				"Éclairage en panne {street}",
				"Rue plongée dans le noir {landmark}",
				"Lampe qui clignote {street}",
				"Plusieurs lampadaires éteints {street}",
			},
			what: []string{
				"Le lampadaire en face du n° {nr} {at} ne s'allume plus.",
				"{At}, l'éclairage public est éteint depuis plusieurs soirs.",
				"La lampe du poteau {landmark} clignote toute la nuit.",
				"{Corner}, tout est dans le noir.",
				"Le lampadaire reste allumé en journée mais s'éteint dès qu'il fait noir {at}.",
			},
			more: []string{
				"Le soir, on ne se sent pas en sécurité en rentrant à pied.",
				"C'est un passage très fréquenté par les enfants qui rentrent de l'école.",
				"Les voitures ne voient pas les piétons qui traversent.",
				"Ça dure {since}.",
			},
		},
		"lamp_post": {
			titles: []string{
				"Poteau d'éclairage penché {street}",
				"Lampadaire renversé {street} {nr}",
				"Poteau d'éclairage endommagé {landmark}",
				"Trappe ouverte sur un lampadaire {street}",
			},
			what: []string{
				"Le poteau d'éclairage a été percuté par une voiture {at} et penche dangereusement.",
				"La trappe au pied du lampadaire {landmark} est ouverte et on voit les câbles.",
				"{At}, un lampadaire est plié en deux depuis un accrochage.",
				"{Corner}, le poteau est rouillé à la base et bouge quand on le touche.",
			},
			more: []string{
				"Des enfants jouent juste à côté.",
				"Des câbles électriques sont visibles, c'est dangereux.",
				"Quelqu'un a mis de la rubalise autour, mais elle est arrachée.",
			},
		},
		"traffic_light": {
			titles: []string{
				"Feu tricolore en panne {street}",
				"Feux éteints au carrefour {street}",
				"Feu piéton en panne {street} {nr}",
				"Feu orange clignotant en permanence {street}",
				"Feu pour cyclistes cassé {landmark}",
			},
			what: []string{
				"{Corner}, les feux sont complètement éteints.",
				"Le feu pour piétons {at} reste au rouge, le vert ne s'allume jamais.",
				"{At}, le feu clignote à l'orange depuis ce matin et les voitures passent n'importe comment.",
				"Le bouton d'appel du feu piéton {landmark} ne fonctionne plus.",
				"Le feu pour cyclistes {at} est cassé et pend au bout de son câble.",
			},
			more: []string{
				"Le carrefour est très dangereux aux heures de pointe.",
				"Des enfants traversent ici pour aller à l'école.",
				"J'ai vu deux quasi-accidents en dix minutes.",
			},
		},
		"traffic_sign": {
			titles: []string{
				"Panneau de signalisation tombé {street}",
				"Panneau stop manquant {street}",
				"Panneau tourné dans le mauvais sens {street}",
				"Panneau illisible {landmark}",
				"Panneau zone 30 plié {street} {nr}",
			},
			what: []string{
				"{Corner}, le panneau stop a disparu : il ne reste que le poteau.",
				"Un panneau de signalisation est couché sur le trottoir {at}.",
				"{At}, le panneau de sens interdit a été tourné et n'est plus visible des automobilistes.",
				"Le panneau {landmark} est couvert d'autocollants et complètement illisible.",
				"Un panneau de zone 30 a été plié par un camion {at}.",
			},
			more: []string{
				"Les automobilistes ne savent plus qui a la priorité.",
				"Des voitures prennent la rue à contresens.",
				"Le poteau dépasse et gêne les piétons.",
			},
		},
		"road_markings": {
			titles: []string{
				"Passage piéton effacé {street}",
				"Marquage au sol illisible {street}",
				"Ligne d'arrêt effacée {landmark}",
				"Marquage de la bande cyclable effacé {street}",
				"Passage pour piétons invisible {street} {nr}",
			},
			what: []string{
				"Le passage pour piétons {landmark} est presque invisible.",
				"{At}, les lignes au sol sont complètement effacées.",
				"Le marquage de la bande cyclable a disparu {at} après les travaux.",
				"{Corner}, il n'y a plus de ligne d'arrêt et les voitures s'arrêtent au milieu du passage.",
			},
			more: []string{
				"La nuit et sous la pluie, on ne voit plus rien.",
				"Beaucoup d'enfants traversent à cet endroit.",
				"Les voitures ne s'arrêtent plus pour laisser passer les piétons.",
			},
		},
		"bike_lane": {
			titles: []string{
				"Piste cyclable encombrée {street}",
				"Voitures garées sur la piste cyclable {street}",
				"Piste cyclable défoncée {street} {nr}",
				"Bris de verre sur la piste cyclable {street}",
				"Piste cyclable bloquée par un chantier {street}",
			},
			what: []string{
				"Des voitures stationnent en permanence sur la piste cyclable {at}.",
				"La piste cyclable {landmark} est couverte de bris de verre.",
				"{At}, un chantier bloque la piste cyclable sans aucune déviation.",
				"{Corner}, le revêtement de la piste cyclable est défoncé.",
				"Des conteneurs de chantier sont posés sur la piste cyclable {at}.",
			},
			more: []string{
				"Les cyclistes doivent se rabattre au milieu de la circulation.",
				"J'ai crevé deux fois cette semaine.",
				"Avec les enfants à vélo, c'est vraiment dangereux.",
			},
		},
		"transit_stop": {
			titles: []string{
				"Vitre de l'abribus brisée {street}",
				"Abri STIB endommagé {street}",
				"Écran d'information éteint à l'arrêt {street}",
				"Banc cassé à l'arrêt de bus {street} {nr}",
				"Abri de tram sans toit {landmark}",
			},
			what: []string{
				"La vitre de l'abri {at} est brisée et il y a des éclats partout.",
				"L'écran qui affiche les prochains passages est éteint à l'arrêt {landmark}.",
				"{At}, le banc de l'abribus est arraché.",
				"{Corner}, le poteau d'arrêt a été renversé.",
				"L'abri de tram {at} n'a plus de toit depuis la tempête.",
			},
			more: []string{
				"Les gens attendent sous la pluie.",
				"Des morceaux de verre traînent par terre, attention aux enfants.",
				"Beaucoup de personnes âgées utilisent cet arrêt.",
			},
		},
		"bollard": {
			titles: []string{
				"Potelet arraché {street}",
				"Potelets manquants {street} {nr}",
				"Potelet couché sur le trottoir {landmark}",
				"Potelet tordu {street}",
			},
			what: []string{
				"Un potelet a été arraché {at} et il reste un trou dans le trottoir.",
				"{At}, plusieurs potelets ont disparu et les voitures montent sur le trottoir.",
				"Un potelet est couché sur le trottoir {landmark}.",
				"{Corner}, un potelet a été plié par une camionnette.",
			},
			more: []string{
				"Les voitures se garent à nouveau sur le trottoir.",
				"La tige métallique qui dépasse est dangereuse pour les piétons.",
				"Les personnes malvoyantes risquent de s'y prendre les pieds.",
			},
		},
		"abandoned_vehicle": {
			titles: []string{
				"Voiture abandonnée {street}",
				"Épave de voiture {street} {nr}",
				"Voiture ventouse {landmark}",
				"Véhicule sans plaque {street}",
			},
			what: []string{
				"Une voiture est garée au même endroit {at} {since}, les pneus sont à plat.",
				"{At}, une épave de voiture sans plaque occupe une place de stationnement.",
				"Une camionnette couverte de poussière n'a plus bougé {since} {landmark}.",
				"{Corner}, une voiture aux vitres cassées a été abandonnée.",
			},
			more: []string{
				"Elle est remplie de déchets.",
				"Plusieurs amendes sont coincées sous l'essuie-glace.",
				"Des gens commencent à déposer leurs sacs à côté.",
			},
			variants: map[string]catText{
				"bike": {
					titles: []string{
						"Vélo abandonné {street}",
						"Épave de vélo attachée {landmark}",
						"Vélo sans roues {street} {nr}",
					},
					what: []string{
						"Un vélo sans roues est attaché à l'arceau {at} {since}.",
						"{At}, une carcasse de vélo rouillée occupe un arceau.",
						"Un vélo désossé est cadenassé au poteau {landmark}.",
					},
					more: []string{
						"Il prend une place dont on a bien besoin pour les vélos.",
						"Il ne reste que le cadre et la selle.",
						"Les pièces sont éparpillées sur le trottoir.",
					},
				},
				"scooter": {
					titles: []string{
						"Trottinette abandonnée {street}",
						"Trottinettes renversées {landmark}",
						"Trottinette jetée dans un buisson {street}",
					},
					what: []string{
						"Une trottinette en libre-service est couchée en travers du trottoir {at}.",
						"{At}, trois trottinettes sont renversées devant l'entrée d'un immeuble.",
						"Une trottinette a été abandonnée {landmark} {since}.",
					},
					more: []string{
						"Les personnes en fauteuil roulant ne peuvent pas passer.",
						"Une personne malvoyante a trébuché dessus.",
						"Elle n'est même pas dans une zone de dépôt autorisée.",
					},
				},
			},
		},
		"accessibility_barrier": {
			titles: []string{
				"Pas de bordure abaissée {street}",
				"Dalles podotactiles manquantes {street}",
				"Trottoir inaccessible en fauteuil {street}",
				"Obstacle pour fauteuil roulant {landmark}",
				"Bordure trop haute au passage piéton {street}",
			},
			what: []string{
				"{Corner}, la bordure du passage pour piétons n'est pas abaissée.",
				"{At}, il manque les dalles podotactiles au passage pour piétons.",
				"Un panneau publicitaire est planté au milieu du trottoir {landmark} et laisse à peine 60 cm de passage.",
				"La rampe d'accès {landmark} est trop raide et abîmée.",
				"Les terrasses occupent tout le trottoir {at}.",
			},
			more: []string{
				"Impossible de passer en fauteuil roulant sans aide.",
				"Les personnes aveugles ne savent pas où commence la traversée.",
				"Avec une poussette double, il faut passer par la chaussée.",
			},
		},
		"oil_spill": {
			titles: []string{
				"Huile sur la chaussée {street}",
				"Traînée d'huile {street}",
				"Chaussée glissante {landmark}",
				"Tache de gasoil {street} {nr}",
			},
			what: []string{
				"Une longue traînée d'huile s'étend sur la chaussée {at}.",
				"{At}, un camion a perdu du gasoil sur plusieurs dizaines de mètres.",
				"{Corner}, la chaussée est très glissante, on dirait de l'huile.",
				"Une flaque d'huile s'est formée {landmark} après un accident.",
			},
			more: []string{
				"Un scooter a déjà glissé.",
				"Avec la pluie, c'est une vraie patinoire.",
				"Il faudrait mettre du sable au plus vite.",
			},
		},
		"ice_snow": {
			titles: []string{
				"Trottoir verglacé {street}",
				"Piste cyclable enneigée {street}",
				"Verglas {landmark}",
				"Neige non déblayée {street} {nr}",
			},
			what: []string{
				"Le trottoir {at} est une plaque de verglas et personne ne l'a salé.",
				"{At}, la piste cyclable n'a pas été déblayée et la neige s'est transformée en glace.",
				"{Corner}, le passage pour piétons est couvert de verglas.",
				"La neige a été poussée sur le trottoir {landmark} et bloque le passage.",
			},
			more: []string{
				"J'ai vu deux personnes tomber ce matin.",
				"Les personnes âgées n'osent plus sortir.",
				"Les autres rues du quartier ont été salées, mais pas celle-ci.",
			},
		},
		"dangerous_tree": {
			titles: []string{
				"Branche cassée {street}",
				"Arbre tombé {street} {nr}",
				"Arbre qui penche dangereusement {landmark}",
				"Grosse branche suspendue {street}",
			},
			what: []string{
				"Une grosse branche s'est cassée avec le vent et pend au-dessus du trottoir {at}.",
				"{At}, un arbre est tombé en travers du trottoir.",
				"L'arbre {landmark} penche de plus en plus et ses racines soulèvent le sol.",
				"{Corner}, une branche morte menace de tomber.",
			},
			more: []string{
				"Ça ne bloque pas le passage, mais il faudrait intervenir.",
				"Pas de danger immédiat, mais c'est à surveiller.",
				"Les branches touchent déjà les fenêtres du premier étage.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Elle pourrait tomber sur un passant à tout moment.",
					"Le passage est complètement bloqué.",
					"Des enfants passent dessous pour aller à l'école.",
				}},
			},
		},
		"missing_cover": {
			titles: []string{
				"Taque d'égout manquante {street}",
				"Avaloir sans grille {street} {nr}",
				"Couvercle cassé {landmark}",
				"Grille d'avaloir cassée {street}",
			},
			what: []string{
				"La taque d'égout {at} a disparu.",
				"{At}, la grille de l'avaloir est cassée en deux.",
				"Le couvercle de la chambre de visite {landmark} est fendu et bascule quand on marche dessus.",
				"{Corner}, la grille de l'avaloir a été déplacée.",
			},
			more: []string{
				"Le trou n'est pas ouvert, mais la grille bouge.",
				"Ça fait un bruit énorme à chaque passage de voiture.",
				"Ce n'est pas encore dangereux, mais ça risque de céder.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Le trou est complètement ouvert, quelqu'un pourrait tomber dedans.",
					"Un vélo pourrait y laisser une roue.",
					"Quelqu'un a posé une palette dessus en attendant, ce n'est pas suffisant.",
				}},
			},
		},
		"clogged_drain": {
			titles: []string{
				"Avaloir bouché {street}",
				"Grosse flaque à chaque pluie {street}",
				"Égout bouché {landmark}",
				"Avaloirs bouchés {street} {nr}",
			},
			what: []string{
				"L'avaloir {at} est bouché par des feuilles et de la terre.",
				"{At}, l'eau ne s'évacue plus et forme une grande flaque à chaque averse.",
				"{Corner}, les avaloirs sont pleins de déchets.",
				"L'avaloir {landmark} dégage une mauvaise odeur et l'eau stagne.",
			},
			more: []string{
				"Les voitures éclaboussent les piétons en passant.",
				"L'eau déborde jusque dans les caves.",
				"En hiver, la flaque se transforme en patinoire.",
			},
		},
		"missed_collection": {
			titles: []string{
				"Sacs non ramassés {street}",
				"Collecte oubliée {street}",
				"Sacs éventrés {street} {nr}",
				"Sacs blancs toujours là {landmark}",
				"Sacs jaunes non collectés {street}",
			},
			what: []string{
				"Les sacs blancs n'ont pas été ramassés {at} alors que c'était le jour de collecte.",
				"{At}, les sacs bleus sont toujours sur le trottoir alors que le camion est passé.",
				"Des sacs ont été éventrés par des animaux {landmark} et les déchets sont éparpillés.",
				"Toute la rue a été collectée sauf le côté impair {at}.",
				"{Corner}, la collecte des sacs jaunes a été oubliée.",
			},
			more: []string{
				"Les goélands et les renards éventrent les sacs pendant la nuit.",
				"Avec la chaleur, ça sent très mauvais.",
				"C'est la deuxième fois ce mois-ci.",
				"Les déchets s'envolent sur la chaussée.",
			},
		},
		"illegal_dumping": {
			titles: []string{
				"Dépôt clandestin {street}",
				"Dépôt sauvage {street} {nr}",
				"Déchets abandonnés {landmark}",
			},
			what: []string{
				"Un tas de déchets a été abandonné {at}.",
			},
			more: []string{
				"Le dépôt grossit de jour en jour.",
				"Ça attire les rats.",
				"C'est la troisième fois ce mois-ci au même endroit.",
				"Le trottoir est complètement bloqué.",
			},
			variants: map[string]catText{
				"bags": {
					titles: []string{
						"Dépôt clandestin {street}",
						"Tas de sacs poubelles {street}",
						"Sacs déposés hors collecte {landmark}",
						"Dépôt sauvage {street} {nr}",
					},
					what: []string{
						"Une dizaine de sacs poubelles ont été déposés {at}, en dehors des jours de collecte.",
						"{At}, des sacs noirs non réglementaires s'entassent au pied d'un arbre.",
						"Un tas de sacs et de cartons a été abandonné {landmark}.",
					},
				},
				"furniture": {
					titles: []string{
						"Dépôt clandestin {street}",
						"Matelas abandonné {street}",
						"Meubles déposés sur le trottoir {street} {nr}",
						"Canapé abandonné {landmark}",
					},
					what: []string{
						"Un matelas et un sommier ont été abandonnés sur le trottoir {at}.",
						"{At}, quelqu'un a déposé un canapé, une armoire démontée et des chaises.",
						"Des meubles cassés ont été jetés {landmark}.",
						"{Corner}, un frigo et une vieille machine à laver sont sur le trottoir.",
					},
				},
				"construction": {
					titles: []string{
						"Dépôt clandestin {street}",
						"Gravats abandonnés {street}",
						"Déchets de chantier {street} {nr}",
					},
					what: []string{
						"Des sacs de gravats et des plaques de plâtre ont été déposés {at}.",
						"{At}, quelqu'un a vidé une camionnette de déchets de chantier.",
						"Un tas de briques, de carrelage cassé et de laine de verre traîne {landmark}.",
					},
				},
				"hazardous": {
					titles: []string{
						"Bidons de produits chimiques {street}",
						"Pots de peinture abandonnés {landmark}",
						"Dépôt clandestin dangereux {street}",
					},
					what: []string{
						"Des bidons d'huile de vidange ont été abandonnés {at}.",
						"{At}, des pots de peinture ouverts coulent sur le trottoir.",
						"Quelqu'un a laissé des bonbonnes de gaz et des produits chimiques {landmark}.",
					},
					more: []string{
						"Ça sent fort le solvant.",
						"Des enfants jouent à côté, c'est inquiétant.",
						"Le produit commence à couler vers l'avaloir.",
					},
				},
			},
		},
		"overflowing_bin": {
			titles: []string{
				"Poubelle publique débordante {street}",
				"Bulle à verre pleine {street}",
				"Corbeille qui déborde {landmark}",
				"Déchets autour de la bulle à verre {street}",
			},
			what: []string{
				"La corbeille publique {at} déborde et les déchets s'envolent.",
				"{At}, les bulles à verre sont pleines et les bouteilles s'entassent autour.",
				"La poubelle {landmark} n'a pas été vidée depuis plusieurs jours.",
				"{Corner}, des sacs entiers sont posés à côté de la corbeille.",
			},
			more: []string{
				"Il y a des éclats de verre partout sur le trottoir.",
				"Le week-end, c'est encore pire.",
				"Les pigeons et les goélands se servent.",
				"Une corbeille supplémentaire serait utile ici.",
			},
		},
		"graffiti": {
			titles: []string{
				"Tags sur une façade {street}",
				"Graffiti {street} {nr}",
				"Tags sur le mobilier urbain {landmark}",
				"Graffiti injurieux {street}",
				"Tags sur une armoire électrique {street}",
			},
			what: []string{
				"Des tags ont été faits cette nuit sur la façade {at}.",
				"{At}, une armoire électrique est couverte de tags.",
				"Un graffiti injurieux a été peint {landmark}.",
				"{Corner}, les murs sont à nouveau couverts de tags.",
				"Quelqu'un a tagué les bancs et la poubelle {landmark}.",
			},
			more: []string{
				"Ils reviennent à chaque fois qu'on les nettoie.",
				"Le contenu est choquant pour les enfants qui passent.",
				"Le propriétaire de l'immeuble est d'accord pour qu'on les enlève.",
				"Ça donne une impression d'abandon à tout le quartier.",
			},
		},
		"vegetation": {
			titles: []string{
				"Haie qui envahit le trottoir {street}",
				"Mauvaises herbes {street}",
				"Arbre à élaguer {street} {nr}",
				"Branches qui cachent un panneau {street}",
				"Végétation gênante {landmark}",
			},
			what: []string{
				"Une haie déborde sur le trottoir {at} et oblige à marcher sur la chaussée.",
				"{At}, les mauvaises herbes poussent entre les pavés et dépassent les 50 cm.",
				"{Corner}, les branches d'un arbre cachent complètement le panneau de signalisation.",
				"Les arbres {landmark} n'ont pas été taillés et touchent les façades.",
				"Des ronces envahissent le trottoir {at}.",
			},
			more: []string{
				"Les voitures qui sortent n'ont aucune visibilité.",
				"Les branches cachent aussi le lampadaire.",
				"Avec une poussette, on ne passe plus.",
			},
		},
		"street_furniture": {
			titles: []string{
				"Banc cassé {street}",
				"Arceaux vélo arrachés {street}",
				"Fontaine en panne {landmark}",
				"Banc public endommagé {street} {nr}",
				"Jardinière renversée {street}",
			},
			what: []string{
				"Le banc {landmark} a une planche cassée et des clous dépassent.",
				"{At}, les arceaux à vélos ont été arrachés du sol.",
				"La fontaine d'eau potable {landmark} ne fonctionne plus.",
				"{Corner}, une jardinière en béton a été renversée.",
				"Le range-vélos {at} est tordu et on ne peut plus y attacher de vélo.",
			},
			more: []string{
				"On risque de se blesser en s'asseyant.",
				"Les personnes âgées du quartier l'utilisaient beaucoup.",
				"Avec la chaleur, la fontaine serait vraiment utile.",
			},
		},
		"vandalism": {
			titles: []string{
				"Monument vandalisé {street}",
				"Statue dégradée {landmark}",
				"Plaque commémorative arrachée {street}",
				"Vitres brisées {street} {nr}",
				"Vandalisme {street}",
			},
			what: []string{
				"La plaque commémorative {at} a été arrachée.",
				"{At}, la statue a été peinte et une partie du socle est cassée.",
				"Les vitres du panneau d'information communal {landmark} ont été brisées.",
				"{Corner}, les grilles du parc ont été forcées et tordues.",
			},
			more: []string{
				"C'est une perte pour le patrimoine du quartier.",
				"Des débris de verre jonchent le sol.",
				"Ce n'est pas la première fois.",
			},
		},
		"playground": {
			titles: []string{
				"Toboggan cassé {landmark}",
				"Balançoire endommagée {street}",
				"Aire de jeux dangereuse {street}",
				"Jeux pour enfants cassés {street} {nr}",
			},
			what: []string{
				"Une des balançoires de l'aire de jeux {at} a une chaîne cassée.",
				"{At}, le toboggan est fissuré et a des bords coupants.",
				"Le sol amortissant de l'aire de jeux {landmark} est arraché par endroits.",
				"La clôture de la plaine de jeux {at} est ouverte et donne sur la rue.",
			},
			more: []string{
				"Les enfants continuent à jouer dessus.",
				"Il y a beaucoup de familles ici le mercredi après-midi.",
				"Il faudrait au moins mettre un ruban pour en interdire l'accès.",
			},
		},
		"other": {
			titles: []string{
				"Fuite d'eau sur le trottoir {street}",
				"Câbles qui pendent {street} {nr}",
				"Barrières de chantier abandonnées {street}",
				"Problème {landmark}",
				"Présence de rats {street}",
			},
			what: []string{
				"De l'eau s'écoule en permanence du trottoir {at}, on dirait une fuite.",
				"{At}, des câbles pendent d'une façade jusqu'à hauteur de tête.",
				"Des barrières de chantier traînent {landmark} alors que le chantier est fini depuis longtemps.",
				"{Corner}, on voit de plus en plus de rats.",
				"Je ne sais pas quelle catégorie choisir : le problème se trouve {at}, à hauteur du n° {nr}.",
			},
			more: []string{
				"Je ne sais pas à qui m'adresser.",
				"Merci de transmettre au bon service.",
				"Plusieurs voisins s'en plaignent.",
			},
		},
	},
	fallback: catText{
		titles: []string{"{cat} {street}", "{cat} {landmark}"},
		what: []string{
			"Je signale un problème {at}, à hauteur du n° {nr}.",
			"{Corner}, il y a un problème qui mérite votre attention.",
		},
		more: []string{"Plusieurs voisins s'en plaignent.", "Ça dure {since}."},
	},
	closings: []string{
		"Merci d'avance.",
		"Merci de faire le nécessaire.",
		"Merci pour votre intervention.",
		"Bonne journée.",
		"Merci !",
		"Pouvez-vous intervenir rapidement ?",
		"Merci de votre attention.",
	},
	landmarks: []string{
		"devant l'école", "près de l'arrêt de bus", "à côté de la pharmacie",
		"en face de la boulangerie", "à l'entrée du parc", "devant l'église",
		"à la sortie du métro", "près de la crèche", "devant le supermarché",
		"à côté de la station Villo!", "près de la maison communale",
		"en face du café", "devant la bibliothèque", "près de l'arrêt de tram",
	},
	since: []string{
		"depuis plusieurs semaines", "depuis plus d'un mois",
		"depuis au moins deux semaines", "depuis des mois",
	},
	where: map[string]string{
		"roadway": "", "sidewalk": " sur le trottoir", "bike_lane": " sur la piste cyclable",
	},
	whereOf: map[string]string{
		"roadway": " de la chaussée", "sidewalk": " du trottoir", "bike_lane": " de la piste cyclable",
	},
	answerSentences: map[string]string{
		"pothole.size_cm":            "Il fait environ {n} cm de large.",
		"streetlight_out.lights_out": "En tout, {n} lampadaires sont éteints.",
	},
	details: []string{
		"Les personnes en fauteuil roulant doivent faire un détour par la chaussée.",
		"Ma mère, qui se déplace avec un déambulateur, ne peut pas traverser seule.",
		"Les personnes malvoyantes n'ont aucun repère pour traverser.",
		"Les parents doivent soulever la poussette pour monter sur le trottoir.",
	},
	noPlate: "pas de plaque",
	notes: map[string][]string{
		"acknowledged": {
			"Merci pour votre signalement. Il a été transmis au service compétent.",
			"Signalement bien reçu, nous allons vérifier sur place.",
			"Merci, le service {body} a été informé.",
			"Bien reçu. Un agent passera constater la situation.",
			"Merci pour votre signalement, nous le traitons dans les meilleurs délais.",
		},
		"in_progress": {
			"Nos équipes sont sur place.",
			"Les travaux ont commencé.",
			"Une équipe a été envoyée pour intervenir.",
			"L'intervention est en cours ; merci pour votre patience.",
			"Le dossier a été confié à notre entrepreneur.",
		},
		"scheduled": {
			"L'intervention est planifiée pour la semaine prochaine.",
			"Nos équipes interviendront dans les prochains jours.",
			"La réparation est prévue lors de notre prochaine tournée dans le quartier.",
			"Le matériel a été commandé ; nous interviendrons dès sa livraison.",
			"Intervention programmée dans les deux semaines.",
		},
		"fixed": {
			"Le problème a été réglé. Merci de nous l'avoir signalé.",
			"C'est réparé ! Merci pour votre vigilance.",
			"Intervention terminée.",
			"Nos équipes sont intervenues ce matin ; le problème est résolu.",
		},
		"wont_fix": {
			"Après examen, aucune intervention n'est prévue : la situation ne présente pas de danger.",
			"Cet aménagement est conforme et ne sera pas modifié.",
			"Ce tronçon sera entièrement réaménagé l'an prochain ; nous n'intervenons pas d'ici là.",
			"Nous ne pouvons pas donner suite à cette demande pour le moment, faute de budget.",
		},
		"not_responsible": {
			"Cet endroit fait partie d'un domaine privé ; nous avons prévenu le propriétaire.",
			"Ce problème ne relève pas de nos compétences ; le signalement a été transmis au gestionnaire.",
			"Il s'agit d'un chantier privé : le maître d'ouvrage en est responsable.",
			"Cette voirie est gérée par un autre service ; nous lui avons transmis votre signalement.",
		},
		"closed": {
			"Nous n'avons rien constaté sur place. N'hésitez pas à refaire un signalement si le problème réapparaît.",
			"Le problème semble avoir disparu de lui-même. Signalement clôturé.",
			"Signalement clôturé : les informations ne suffisent pas pour localiser le problème.",
			"Ce problème a déjà été traité dans le cadre d'un autre signalement.",
		},
	},
	systemAck: []string{
		"Signalement transmis automatiquement à {body}.",
		"Votre signalement a été transmis à {body}.",
	},
	reporterFixed: []string{
		"C'est réparé, merci !",
		"Je suis repassé : tout est en ordre.",
		"Problème résolu, merci beaucoup.",
		"Réparé ce matin, bravo aux équipes.",
	},
	fixedByCat: map[string][]string{
		"pothole":               {"Le nid-de-poule a été rebouché.", "Le trou a été comblé provisoirement en attendant une réfection complète."},
		"road_surface":          {"Le revêtement a été réparé sur le tronçon concerné.", "Les pavés ont été reposés."},
		"sidewalk":              {"Les dalles ont été remises en place.", "Le trottoir a été réparé."},
		"streetlight_out":       {"L'ampoule a été remplacée.", "Le défaut d'alimentation a été réparé ; l'éclairage fonctionne à nouveau."},
		"lamp_post":             {"Le poteau a été remplacé.", "Le poteau a été sécurisé et la trappe refermée."},
		"traffic_light":         {"Le feu a été réparé et fonctionne normalement."},
		"traffic_sign":          {"Le panneau a été remplacé.", "Le panneau a été redressé."},
		"road_markings":         {"Le marquage a été repeint."},
		"bike_lane":             {"La piste cyclable a été dégagée.", "La piste cyclable a été nettoyée."},
		"transit_stop":          {"La vitre de l'abri a été remplacée.", "L'abri a été réparé."},
		"bollard":               {"Le potelet a été remplacé."},
		"abandoned_vehicle":     {"Le véhicule a été enlevé.", "L'épave a été enlevée par nos services."},
		"accessibility_barrier": {"La bordure a été abaissée.", "L'obstacle a été retiré."},
		"oil_spill":             {"La chaussée a été nettoyée et sablée."},
		"ice_snow":              {"Le tronçon a été dégagé et salé."},
		"dangerous_tree":        {"La branche a été coupée et évacuée.", "L'arbre a été sécurisé."},
		"missing_cover":         {"La taque a été remplacée.", "Une nouvelle grille a été posée."},
		"clogged_drain":         {"L'avaloir a été curé."},
		"missed_collection":     {"Les sacs ont été enlevés."},
		"illegal_dumping":       {"Le dépôt a été enlevé.", "Les déchets ont été ramassés ; une enquête est en cours pour identifier l'auteur."},
		"overflowing_bin":       {"La corbeille a été vidée.", "La bulle à verre a été vidée et les abords nettoyés."},
		"graffiti":              {"Les graffitis ont été effacés."},
		"vegetation":            {"La taille a été effectuée.", "Le désherbage a été fait."},
		"street_furniture":      {"Le mobilier a été réparé."},
		"vandalism":             {"Les dégâts ont été réparés."},
		"playground":            {"Le jeu a été réparé et l'aire rouverte."},
	},
	private: []string{
		"Transmis à l'équipe voirie du secteur nord.",
		"Bon de travail créé.",
		"En attente de la livraison des pièces.",
		"Vérifié sur place par l'agent de quartier.",
		"À regrouper avec les autres signalements de la rue.",
		"Entrepreneur relancé par téléphone.",
		"Photos prises lors de la visite ; dossier complet.",
		"Priorité relevée : plusieurs signalements au même endroit.",
	},
	hiddenPrivate: []string{
		"Signalement masqué : il contient des données personnelles.",
		"Contenu inapproprié.",
		"Signalement de test.",
	},
	firstNames: []string{
		"Sophie", "Julien", "Camille", "Nicolas", "Marie", "Thomas", "Amélie",
		"Mehdi", "Fatima", "Yasmine", "Karim", "Inès", "Léa", "Hugo", "Chloé",
		"Antoine", "Nadia", "Youssef", "Élodie", "Manon", "Pierre", "Aurélie",
		"Mamadou", "Céline", "Olivier", "Salma",
	},
}
